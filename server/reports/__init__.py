"""随手拍 reports: a rider's photo of a problem at a place, triaged, assigned, fixed."""
