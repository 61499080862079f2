"""The Textual views: organizer console and stage view. Only this package imports Textual."""
