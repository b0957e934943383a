# Production image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango; gettext for compilemessages.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN DJANGO_SETTINGS_MODULE=bsrstars.settings.dev python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 portal && mkdir -p /app/media /app/private-media && chown -R portal /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "bsrstars.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
