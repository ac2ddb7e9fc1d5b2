"""Vision providers: one interface, a local offline default and an optional remote one."""
