"""The security and reliability controls, one module each; each test fails if its control is removed."""
