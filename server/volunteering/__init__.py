"""Small tasks riders take on their routes and help at home for the elderly, pregnant women
and people with limited mobility — offered only when a rider is free — with volunteer hours."""
