"""The lead-stage kanban: one list model per stage over shared card data, a painted delegate."""
