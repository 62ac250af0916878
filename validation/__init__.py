"""Read the data/ tables, check them with pandera and across tables, return one Dataset."""

from validation.loader import Dataset, load
from validation.report import Failure, ValidationFailed

__all__ = ["Dataset", "Failure", "ValidationFailed", "load"]
