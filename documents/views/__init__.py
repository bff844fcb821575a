"""One module per page type; urls.py names them."""
