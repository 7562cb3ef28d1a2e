"""Dashboard plumbing shared by the pages: session state, share links, poll edits."""
