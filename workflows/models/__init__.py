from .directory import Organisation, Person

__all__ = ["Organisation", "Person"]
