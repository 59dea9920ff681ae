"""Rewards: the catalogue per station or community, redemption with held points, hand-over."""
