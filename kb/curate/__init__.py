"""What enters the store: catalog, review, duplicates, audit, doctor, logins."""
