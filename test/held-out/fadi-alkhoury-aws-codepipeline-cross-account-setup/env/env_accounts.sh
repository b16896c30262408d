#!/bin/bash

# account numbers (replace with your own)
DevAccount=12345
ToolsAccount=12345
TestAccount=12345
ProdAccount=12345

# profile names (replace with your own)
DevAccountProfile=DevAccount
ToolsAccountProfile=ToolsAccount
TestAccountProfile=TestAccount
ProdAccountProfile=ProdAccount