// The REPL layer: line editing, history, completion, meta commands.
