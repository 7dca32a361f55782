"""What the desk prints: the JSON of --json (`jsonout`), the copyfit table (`copyfit`), the fonts report
(`fonts`) and the ads report (`ads`)."""
