"""Command-line command groups registered by vendorbench.cli."""
