"""veille's analysis stages (see veille.pipeline for the contract)."""
