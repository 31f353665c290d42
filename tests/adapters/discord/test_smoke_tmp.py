import json
async def test_smoke(harness):
    ex = await harness.command("second-round")
    print(json.dumps(ex.callback.body, indent=1)[:3000])
