"""vendorbench: choose and contract a customer-support outsourcing vendor with discipline."""

__version__ = "0.1.0"
