"""``make bench``: the explorer measured against two reference Streamlit apps (see bench/README.md)."""
