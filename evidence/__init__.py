"""Runner Strength Evidence Explorer: data, statistics, charts and text behind the pages."""
