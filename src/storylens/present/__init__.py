"""What the reports and the web both render from a story: page shaping, highlights, charts, templates."""
