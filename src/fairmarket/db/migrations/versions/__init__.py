"""One module per schema change, date-prefixed. They import only `fairmarket.db.base`."""
