"""Dashboard plumbing shared by the pages, one room per job:

- `session`: the scenario kept in the session, how a session starts, its accessors;
- `cache`: the one library, the bounded result cache, the track record's cached numbers;
- `runs`: the quick-then-full result of the current scenario, and its sampling-only comparison;
- `share_link`: the scenario read from and written to the URL, the share link, its warnings;
- `starting_point`: the poll an edit starts from (library, election result, upload);
- `poll_editor`: the share editor's widgets (drawn from the stored poll) and edit callbacks;
- `model_settings`: polling error, election day, swing, local noise, seed and simulations
  widgets and callbacks;
- `coalition`: the coalition on display and its presets;
- `labels`: what things are called; `show`: drawing helpers.
"""
