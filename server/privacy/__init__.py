"""A person's own data: what Yizhan holds about them (a JSON download), and leaving
(account deletion). Sits on top of the other slices: it reads all of them."""
