"""Framework pages show users the commitment and what is known of it; where a text comes from (source codes,
« hypothèse de Vigie », « La suite du texte n'a pas pu être lue ») is for administrators only."""

from hypothesis import given
from hypothesis import strategies as st

from vigie.frameworks.provenance import split_provenance

NOTES = ("SEED-51 (I)", "hypothèse de Vigie", "La suite du texte n&#x27;a pas pu être lue", "libellé officiel exact")


def test_users_read_the_commitment_without_its_provenance(world):
    html = world.client_for(world.officer).get("/referentiels/qual-e-pref-2019/").content.decode()
    for note in NOTES:
        assert note not in html, note
    assert "Les suggestions et réclamations sont recueillies" in html
    assert "Accueil physique — orientation de l&#x27;usager" in html
    assert "texte officiel en cours de reprise" in html


def test_administrators_see_the_provenance(world):
    html = world.client_for(world.national).get("/referentiels/qual-e-pref-2019/").content.decode()
    for note in NOTES:
        assert note in html, note


def test_split_provenance_keeps_plain_text_unchanged():
    assert split_provenance("Un accueil courtois. Une réponse dans les délais.") == (
        "Un accueil courtois. Une réponse dans les délais.",
        [],
    )


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_split_provenance_never_adds_text(text):
    shown, notes = split_provenance(text)
    assert len(shown) <= len(text.strip()) + 1
