"""Test helpers shared by several test files: servers, file makers, app indexes."""
