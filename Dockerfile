# kubelearn serve for a classroom: one container per class, its class folder on a volume.
#   docker build -t kubelearn .
#   docker run -p 8000:8000 -v kubelearn-class:/class kubelearn
# The join code is printed in the container's log (docker logs) and kept in /class/class.toml.
FROM python:3.12-slim

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
COPY . /src
RUN pip install /src && rm -rf /src \
    && useradd --create-home --uid 10001 kubelearn \
    && mkdir /class && chown kubelearn /class

USER 10001
# The parsed-course cache; the students' work is in /class.
ENV KUBELEARN_HOME=/home/kubelearn
VOLUME /class
EXPOSE 8000
# 0.0.0.0 inside the container: the port is reached through Docker's or Kubernetes' network.
CMD ["kubelearn", "serve", "--host", "0.0.0.0", "--port", "8000", "--class-dir", "/class"]
