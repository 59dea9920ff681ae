"""The organisation tree: district → street → community, with property companies and
delivery stations attached to communities."""
