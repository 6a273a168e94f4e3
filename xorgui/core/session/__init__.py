"""The session behind the app: typed commands in, snapshots out; the trainer host process serves it."""
