"""The reader's widgets: lists that draw only visible rows, the article body, the sidebar."""
