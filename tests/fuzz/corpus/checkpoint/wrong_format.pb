
stackrace checkpoint 0J2026-06