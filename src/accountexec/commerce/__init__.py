"""Commerce: contracts, billing arrangements and runs, invoices, payment terms, receivables."""
