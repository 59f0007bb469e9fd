import pytest

from tests.mail.smtp import free_port


@pytest.fixture
def smtp_port():
    return free_port()
