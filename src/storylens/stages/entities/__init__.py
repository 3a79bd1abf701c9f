"""Entities: people, organisations and places with their name variants merged."""

from storylens.stages.entities.find import EntityOptions, EntityResult, find_entities

__all__ = ["EntityOptions", "EntityResult", "find_entities"]
