"""What Fairmarket drives (HTTP receivers; later mail, carriers), behind domain Protocols."""
