"""Background work: durable deadlines fired by an embedded thread or `fairmarket jobs run-due`."""
