"""The statistics dashboard: store, figures, extracts and Dash pages over the validated data."""
