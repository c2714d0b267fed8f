"""Pipeline stages, one subpackage per stage; each registers its factory on import."""
