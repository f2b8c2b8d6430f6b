"""The reader's screens: the main three-pane screen and the modal ones (help, search, filter)."""
