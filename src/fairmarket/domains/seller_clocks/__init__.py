"""Each seller's sandbox clock (its offset from real time) and the due comparison that honours it.

Below the journeys that keep timers (after_sales reads `due.reached`) and below the sandbox
features that move the clocks (sandbox), so that neither has to import the other's way up.
"""
