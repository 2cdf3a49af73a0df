"""The photo field and its check under the path the migrations of sites and inspections name; the rules
themselves are ``belts.images``."""

from belts.images import PhotoField, validate_photo

__all__ = ["PhotoField", "validate_photo"]
