"""One module per dlexam problem family; each exposes `solve(params) -> dict[answer id, Expected]`."""
