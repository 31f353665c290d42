"""`prepbot bench ...`: measurements of the scheduler, printed as JSON.

`fanout` (this package) needs only the core, APScheduler and a recording transport; the
benchmarks that drive the Slack and Discord adapters against local fake APIs live in
`prepbot.bench` and are reached by module name, so the core never imports an adapter.
"""
