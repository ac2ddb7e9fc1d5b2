from wastecoach.cli import app

app(prog_name="wastecoach")
