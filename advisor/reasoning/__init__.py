"""Rule packs, compiled rules and the engine: from a profile to a recommendation.

Packs as YAML validated into models, checked against each other and compiled into a rule set;
the facts a profile gives the rules; the engine that scores, eliminates and settles ties;
the recommendation it returns (recommendation v1); what would change it; comparisons of two
recommendations; evaluation of one profile or many; pack tests and lint.
"""
