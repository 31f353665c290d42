"""The `/prep` commands: the grammar that reads them and the typed commands it produces.

`parse(text)` (`bot.commands.grammar`) returns one of the command dataclasses of
`bot.commands.types`, or a `ParseError`. Import them from there: this package re-exports
nothing, so no list of names here can fall behind the types. Handlers live in
`bot.handlers`.
"""
