/**
 * The HTML report of `xacct check` opens in a real browser: Debian's chromium (installed by .ci/run), driven by
 * playwright-core pointed at it (no browser download). The page must render the graph (a lane per account, a node
 * per principal and resource, an arrow per hop coloured by its outcome) without a console error or a failed request
 * (it is self-contained: nothing is fetched).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from './check.js';
import { renderCheckHtml } from './report-html.js';
import type { CheckReport } from './types.js';

const CHROMIUM = process.env['XACCT_CHROMIUM'] ?? '/usr/bin/chromium';

describe('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let report: CheckReport;
  let url: string;

  beforeAll(async () => {
    report = await check({ setup: { grants: { keyPolicyTargetAccount: false } } });
    const dir = mkdtempSync(join(tmpdir(), 'xacct-check-html-'));
    const file = join(dir, 'check.html');
    writeFileSync(file, renderCheckHtml(report));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
  });
  afterAll(() => browser?.close());

  it('renders the hand-off graph with no console error and nothing fetched', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (r.url() !== url) problems.push(`fetched ${r.url()}`);
    });
    await page.goto(url);
    expect(await page.title()).toBe('xacct check');
    expect(await page.locator('#graph .lane-title').allTextContents()).toEqual(['AWS services', 'account 111111111111', 'account 222222222222']);
    expect(await page.locator('#graph path.hop').count()).toBe(report.hops.length);
    expect(await page.locator('#graph path.hop.refused').count()).toBe(2);
    expect(await page.locator('#graph path.hop.allowed').count()).toBe(report.hops.length - 2);
    const box = await page.locator('#graph').boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(box!.height).toBeGreaterThan(200);
    expect(await page.locator('tr.refused .why').first().textContent()).toMatch(/^AccessDenied \(403\): The ciphertext refers to a customer master key/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
