"""The frozen data every stage passes on (plan, article, paper, style, text, head, flow, page), the grid
arithmetic (`geometry`) and lengths (`lengths`). No entry point: data, imported by type."""
