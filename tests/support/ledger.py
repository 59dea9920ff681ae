"""The invariant every test ends with: balances are the sums of their ledgers."""

from __future__ import annotations


async def assert_balances_match_ledgers() -> None:
    """After every test: each account's balance is the sum of its ledger and never negative."""
    from server.points.models import Balance, LedgerEntry

    totals: dict[int, int] = {}
    for account_id, amount in await LedgerEntry.all().values_list("account_id", "amount"):
        totals[account_id] = totals.get(account_id, 0) + amount
    balances = dict(await Balance.all().values_list("account_id", "points"))
    assert all(points >= 0 for points in balances.values()), balances
    assert {a: p for a, p in balances.items() if p or a in totals} == totals
