"""Knowledge base: people with offices over time, organisations, places, summits (data in data/)."""
