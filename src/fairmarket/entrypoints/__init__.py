"""What drives Fairmarket: api/ web/ chatbot/ cli/ worker/. They translate a medium, no rules."""
