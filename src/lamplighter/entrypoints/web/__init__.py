"""The dashboard: server-rendered pages (Jinja2), a little vanilla JavaScript, no build step."""
