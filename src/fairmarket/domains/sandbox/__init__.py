"""The sandbox: one clock shared by every process, and simulated buyers and carriers."""
