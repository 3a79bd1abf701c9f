"""Stories: which articles cover the same event, online and deterministic, with state kept across runs."""

from storylens.stages.stories.cluster import ClusterResult, ClusterState, cluster_stories
from storylens.stages.stories.options import ClusterOptions

__all__ = ["ClusterOptions", "ClusterResult", "ClusterState", "cluster_stories"]
